"""Pure index functions of Cluster Atlas: specialisation, diversity, concentration.

No I/O, no Dash or Plotly: pandas in, pandas (or a frozen result dataclass) out, labels
kept. Spatial statistics wrap ``libpysal.graph`` and ``esda``. ``registry`` describes
every index once for the interface and the methodology view.
"""

from analysis._checks import AlignmentError
from analysis.change import (
    TRAJECTORIES,
    ShiftShare,
    competitive_shift,
    dynamic_shift_share,
    growth,
    lq_change,
    lq_trajectory,
    share_change,
    shift_share,
    trajectory,
)
from analysis.clusters import (
    StarComponents,
    cluster_stars,
    cluster_strength,
    star_components,
    strong_clusters,
)
from analysis.complexity import Complexity, complexity
from analysis.concentration import (
    ellison_glaeser,
    ellison_glaeser_from_counts,
    gini,
    hoover_gini,
    hoover_index,
    locational_gini,
    maurel_sedillot,
    sector_herfindahl,
    theil,
)
from analysis.diversity import entropy, herfindahl, related_variety, unrelated_variety
from analysis.k_density import KDensityEnvelope, k_density, k_density_envelope, silverman_bandwidth
from analysis.peers import neighbours, sharing_strong_clusters, similar_regions, similar_size
from analysis.point_clusters import cluster_summary, point_clusters
from analysis.registry import INDICATORS, SECTOR_INDICES, STAR_RULES, Indicator
from analysis.relatedness import co_occurrence, incidence, relatedness, relatedness_density
from analysis.spatial import (
    GlobalMoran,
    SpatialWeights,
    getis_ord,
    local_moran,
    moran,
    spatial_weights,
)
from analysis.specialisation import (
    average_location_quotient,
    focus,
    hachman,
    krugman_index,
    location_quotient,
    share_of_sector,
    specialisation_coefficient,
)

__all__ = [
    "INDICATORS",
    "SECTOR_INDICES",
    "STAR_RULES",
    "AlignmentError",
    "GlobalMoran",
    "Indicator",
    "SpatialWeights",
    "StarComponents",
    "average_location_quotient",
    "cluster_stars",
    "cluster_strength",
    "ellison_glaeser",
    "ellison_glaeser_from_counts",
    "entropy",
    "focus",
    "getis_ord",
    "gini",
    "hachman",
    "herfindahl",
    "hoover_gini",
    "hoover_index",
    "krugman_index",
    "local_moran",
    "locational_gini",
    "location_quotient",
    "maurel_sedillot",
    "moran",
    "neighbours",
    "related_variety",
    "sector_herfindahl",
    "share_of_sector",
    "sharing_strong_clusters",
    "similar_regions",
    "similar_size",
    "spatial_weights",
    "specialisation_coefficient",
    "star_components",
    "strong_clusters",
    "theil",
    "unrelated_variety",
    "TRAJECTORIES",
    "ShiftShare",
    "competitive_shift",
    "dynamic_shift_share",
    "growth",
    "lq_change",
    "lq_trajectory",
    "share_change",
    "shift_share",
    "trajectory",
    "Complexity",
    "co_occurrence",
    "complexity",
    "incidence",
    "relatedness",
    "relatedness_density",
    "KDensityEnvelope",
    "cluster_summary",
    "k_density",
    "k_density_envelope",
    "point_clusters",
    "silverman_bandwidth",
]
