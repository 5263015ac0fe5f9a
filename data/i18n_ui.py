"""The message catalogue's second part (issue 19): menu options, indicator readings, map title, notes, panels.

Plain dictionaries ``key → {language: text}`` merged into :data:`data.i18n.MESSAGES` (read them through
:func:`data.i18n.text`). English is the text the interface showed before French existed; placeholders in
braces agree between languages. Notes and notices are made from the English templates, and the status bar
renders them again in the page's language (:func:`data.i18n.localise`).
"""

from __future__ import annotations

#: Menu options of the filter panel (callbacks/filters.py).
OPTIONS: dict[str, dict[str, str]] = {
    "scope_sector": {"en": "sector index", "fr": "indice sectoriel"},
    "scope_measure": {"en": "sector measure", "fr": "mesure sectorielle"},
    "scope_region": {"en": "regional index", "fr": "indice régional"},
    "scope_context": {"en": "context (NUTS 2021)", "fr": "contexte (NUTS 2021)"},
    "scope_change": {"en": "change since the start year", "fr": "évolution depuis l’année de départ"},
    "context_only": {"en": "{year} (context only)", "fr": "{year} (contexte seulement)"},
    "dataset_synthetic": {"en": "{label} — SYNTHETIC", "fr": "{label} — SYNTHÉTIQUE"},
    "dataset_register": {"en": "{label} — your register", "fr": "{label} — votre registre"},
    "layer_sites": {"en": "Industrial sites (Hotmaps)", "fr": "Sites industriels (Hotmaps)"},
    "layer_outlines": {"en": "Country outlines", "fr": "Contours des pays"},
    "layer_firms": {"en": "Enterprises of the dataset (points; counts per region above 100,000)",
                    "fr": "Entreprises du jeu de données (points ; nombres par région au-delà de 100 000)"},
    "layer_marks": {"en": "Cluster marks: ★ stars, strong clusters (outlined)",
                    "fr": "Marques de pôles : ★ étoiles, pôles forts (contour)"},
    "layer_lisa": {"en": "Hot spots: LISA clusters", "fr": "Points chauds : agrégats LISA"},
    "layer_gi": {"en": "Hot spots: Getis–Ord Gi*", "fr": "Points chauds : Getis–Ord Gi*"},
    "layer_basemap": {"en": "Online basemap (needs internet)", "fr": "Fond de carte en ligne (connexion requise)"},
    "layer_pointclusters": {"en": "Firm clusters (found from the firms' locations; registers)",
                            "fr": "Pôles d’entreprises (trouvés d’après leur localisation ; registres)"},
    "layer_firmsizes": {"en": "Colour enterprise points by size class (micro, small, medium, large)",
                        "fr": "Colorer les entreprises par classe de taille (micro, petite, moyenne, grande)"},
    "palette_option_default": {"en": "The indicator's own (red–blue around LQ 1)",
                               "fr": "Celle de l’indicateur (rouge–bleu autour de QL 1)"},
    "palette_option_cividis": {"en": "Cividis (prints in grey; every colour vision)",
                               "fr": "Cividis (imprimable en gris ; toute vision des couleurs)"},
    "palette_option_viridis": {"en": "Viridis (prints in grey)", "fr": "Viridis (imprimable en gris)"},
    "version_2013": {"en": "NUTS 2013 (native for SBS)", "fr": "NUTS 2013 (d’origine pour les SBS)"},
    "version_2021": {"en": "NUTS 2021 (SBS converted, JRC pop-2018 weights)",
                     "fr": "NUTS 2021 (SBS converties, pondérations JRC population 2018)"},
    # measures (data/measures.py labels) and size classes; an unknown measure keeps its file's label
    "measure_employment": {"en": "Persons employed", "fr": "Personnes occupées"},
    "measure_local_units": {"en": "Local units", "fr": "Unités locales"},
    "measure_wages_meur": {"en": "Wages and salaries", "fr": "Salaires et traitements"},
    "measure_enterprises": {"en": "Enterprises", "fr": "Entreprises"},
    "measure_cluster_organisations": {"en": "Cluster organisations", "fr": "Organisations de pôles"},
    "measure_cluster_members": {"en": "Members of cluster organisations", "fr": "Membres des organisations de pôles"},
    "measure_turnover_meur": {"en": "Turnover", "fr": "Chiffre d’affaires"},
    "measure_EMP_LOC_NR": {"en": "Persons employed in local units", "fr": "Personnes occupées des unités locales"},
    "measure_LOC_NR": {"en": "Local units", "fr": "Unités locales"},
    "measure_WAGE_LOC_MEUR": {"en": "Wages and salaries of local units",
                              "fr": "Salaires et traitements des unités locales"},
    "measure_gdp_meur": {"en": "GDP", "fr": "PIB"},
    "measure_population": {"en": "Population", "fr": "Population"},
    "measure_area_km2": {"en": "Area", "fr": "Superficie"},
    "measure_sized": {"en": "{measure}: {size}", "fr": "{measure} : {size}"},
    "size_micro": {"en": "micro", "fr": "micro"},
    "size_small": {"en": "small", "fr": "petites"},
    "size_medium": {"en": "medium", "fr": "moyennes"},
    "size_large": {"en": "large", "fr": "grandes"},
}

#: One-line readings of the indicators (``analysis.registry`` ``Indicator.reading``), by indicator key.
READINGS: dict[str, dict[str, str]] = {
    "lq": {"en": "LQ 2 = the sector is twice as concentrated here as in the reference area; below 1 = less.",
           "fr": "QL 2 = le secteur est deux fois plus concentré ici que dans la zone de référence ; sous 1 = moins."},
    "lq_binary": {"en": "1 = the sector is at least as concentrated here as in the reference area (LQ ≥ 1); 0 = less.",
                  "fr": "1 = le secteur est au moins aussi concentré ici que dans la zone de référence (QL ≥ 1) ; "
                        "0 = moins."},
    "share": {"en": "The region's part of the sector's total in the reference area.",
              "fr": "La part de la région dans le total du secteur de la zone de référence."},
    "focus": {"en": "The sector's part of the region's total.", "fr": "La part du secteur dans le total de la région."},
    "herfindahl": {"en": "Near 1 = most jobs are in one or two sectors; near 0 = jobs spread over many sectors.",
                   "fr": "Près de 1 = la plupart des emplois sont dans un ou deux secteurs ; près de 0 = emplois "
                         "répartis sur de nombreux secteurs."},
    "entropy": {"en": "Higher = jobs spread over more sectors (a diversified economy); 0 = all in one sector.",
                "fr": "Plus élevée = emplois répartis sur plus de secteurs (économie diversifiée) ; 0 = tout dans un "
                      "seul secteur."},
    "krugman": {"en": "0 = the same mix of sectors as the reference area; 2 = a completely different mix.",
                "fr": "0 = la même composition sectorielle que la zone de référence ; 2 = une composition "
                      "entièrement différente."},
    "specialisation_coefficient": {
        "en": "Share of the region's employment that would have to change sector to match the reference.",
        "fr": "Part de l’emploi de la région qui devrait changer de secteur pour ressembler à la référence."},
    "average_lq": {"en": "1: same structure as the reference; higher: more specialised.",
                   "fr": "1 : même structure que la référence ; plus élevé : plus spécialisée."},
    "hachman": {"en": "1: same structure as the reference; near 0: very specialised.",
                "fr": "1 : même structure que la référence ; près de 0 : très spécialisée."},
    "employment": {"en": "Persons employed of the sector in the region (Eurostat SBS).",
                   "fr": "Personnes occupées du secteur dans la région (SBS d’Eurostat)."},
    "local_units": {"en": "Local units of the sector in the region (Eurostat SBS).",
                    "fr": "Unités locales du secteur dans la région (SBS d’Eurostat)."},
    "wages_meur": {"en": "Wages and salaries of the sector in the region (Eurostat SBS).",
                   "fr": "Salaires et traitements du secteur dans la région (SBS d’Eurostat)."},
    "gdp_meur": {"en": "Size of the regional economy (Eurostat nama_10r_3gdp).",
                 "fr": "Taille de l’économie régionale (Eurostat nama_10r_3gdp)."},
    "population": {"en": "Residents (Eurostat demo_r_pjanaggr3).", "fr": "Résidents (Eurostat demo_r_pjanaggr3)."},
    "gdp_per_capita": {"en": "Regional prosperity in EUR per resident (current prices).",
                       "fr": "Prospérité régionale en EUR par résident (prix courants)."},
    "density": {"en": "Residents per square kilometre.", "fr": "Résidents par kilomètre carré."},
    "change": {"en": "Gain (positive) or loss (negative) between the start and the end year.",
               "fr": "Gain (positif) ou perte (négative) entre l’année de départ et l’année de fin."},
    "growth": {"en": "Percent change between the start and the end year.",
               "fr": "Variation en pour cent entre l’année de départ et l’année de fin."},
    "cagr": {"en": "Average yearly growth between the two years.",
             "fr": "Croissance annuelle moyenne entre les deux années."},
    "lq_change": {"en": "Positive: the region became more specialised in the sector.",
                  "fr": "Positive : la région s’est davantage spécialisée dans le secteur."},
    "share_change": {"en": "Percentage points of the sector's reference-area total the region gained or lost.",
                     "fr": "Points de pourcentage du total du secteur dans la zone de référence gagnés ou perdus par "
                           "la région."},
    "competitive_shift": {
        "en": "Change beyond the one expected had the region's sector grown at its reference-area rate.",
        "fr": "Variation au-delà de celle attendue si le secteur de la région avait crû au rythme de la zone de "
              "référence."},
    "competitive_shift_pct": {"en": "Growth of the region's sector minus the sector's reference-area growth.",
                              "fr": "Croissance du secteur dans la région moins sa croissance dans la zone de "
                                    "référence."},
    "trajectory": {"en": "Where the region's specialisation in the sector is heading.",
                   "fr": "La direction que prend la spécialisation de la région dans le secteur."},
    "relatedness_density": {
        "en": "High = the region is already strong in many sectors linked to this one: well placed to grow it.",
        "fr": "Élevée = la région est déjà forte dans de nombreux secteurs liés à celui-ci : bien placée pour le "
              "développer."},
    "complexity": {
        "en": "Above 0 = the region is strong in rare activities that only diverse regions have (more complex than "
              "average).",
        "fr": "Au-dessus de 0 = la région est forte dans des activités rares que seules les régions diversifiées "
              "ont (plus complexe que la moyenne)."},
    "sme_share": {"en": "Share of the sector's enterprises (or employment) in firms with fewer than 250 persons "
                        "employed.",
                  "fr": "Part des entreprises (ou de l’emploi) du secteur dans les firmes de moins de 250 personnes "
                        "occupées."},
}

#: The NACE notes under the sector menu (callbacks/plain.py); the notes themselves are Eurostat's English text.
NACE_NOTES: dict[str, dict[str, str]] = {
    "nace_notes_short": {"en": "NACE notes", "fr": "Notes NACE"},
    "nace_no_note": {"en": "No explanatory note for {code}.", "fr": "Pas de note explicative pour {code}."},
    "nace_notes_of": {"en": "NACE notes: what {code} includes and excludes",
                      "fr": "Notes NACE : ce que {code} comprend et ne comprend pas"},
    "nace_includes": {"en": "Includes", "fr": "Comprend"},
    "nace_excludes": {"en": "Excludes", "fr": "Ne comprend pas"},
    "nace_source": {"en": "Source: Eurostat RAMON, NACE Rev. 2 explanatory notes ({label}).",
                    "fr": "Source : Eurostat RAMON, notes explicatives de la NACE Rév. 2 ({label}), en anglais."},
}

#: The map's title and subtitle (layers/map_view.py ``map_text``).
MAP_TEXT: dict[str, dict[str, str]] = {
    "map_title_region": {"en": "{indicator} of the business economy (NACE sections)",
                         "fr": "{indicator} de l’économie marchande (sections NACE)"},
    "map_context_source": {"en": "Eurostat regional accounts and demography",
                           "fr": "comptes régionaux et démographie d’Eurostat"},
    "map_reference_country": {"en": "; reference: own country", "fr": "; référence : pays de la région"},
    "made_with": {"en": "Made with Cluster Atlas.", "fr": "Réalisé avec Cluster Atlas."},
}

#: Notes of the status bar and notices (views/, layers/basemap.py), made in English, shown in the page's language.
NOTES: dict[str, dict[str, str]] = {
    "notice": {"en": "Notice: {notice}", "fr": "Avis : {notice}"},
    "note_no_hot_spots": {"en": "no hot spots: {error}", "fr": "pas de points chauds : {error}"},
    "note_basemap_offline": {"en": "Online basemap unavailable (no connection): map shown without it",
                             "fr": "Fond de carte en ligne indisponible (pas de connexion) : carte affichée sans lui"},
    "note_series_break": {
        "en": "Break in series between {before} and {after}: Eurostat's regional business statistics changed "
              "methodology (EBS Regulation 2019/2152; sbs_r_nuts06_r2 → sbs_r_nuts2021), so part of the change "
              "reflects new statistical units and coverage",
        "fr": "Rupture de série entre {before} et {after} : les statistiques régionales des entreprises d’Eurostat "
              "ont changé de méthode (règlement EBS 2019/2152 ; sbs_r_nuts06_r2 → sbs_r_nuts2021), une partie de "
              "l’évolution tient donc aux nouvelles unités statistiques et à la couverture"},
    "note_space_small": {
        "en": "relatedness needs at least {minimum} regions and 2 divisions with data; this dataset has {regions} "
              "regions at NUTS {level}",
        "fr": "la proximité demande au moins {minimum} régions et 2 divisions avec données ; ce jeu de données a "
              "{regions} régions au niveau NUTS {level}"},
    "note_space_lq": {"en": "relatedness needs at least {minimum} regions with a known LQ in 2 divisions",
                      "fr": "la proximité demande au moins {minimum} régions avec un QL connu dans 2 divisions"},
    "note_complexity_apart": {
        "en": "complexity for the regions linked by shared specialisations only: {count} region(s) stand apart",
        "fr": "complexité des seules régions liées par des spécialisations communes : {count} région(s) à l’écart"},
    "note_complexity_weak": {
        "en": "complexity's direction is weakly determined here (sign score {score} of 2): read it with care",
        "fr": "le sens de la complexité est ici mal déterminé (score de signe {score} sur 2) : à lire avec prudence"},
    "note_complexity_none": {"en": "complexity not available: {error}", "fr": "complexité indisponible : {error}"},
    "notice_no_sectors": {"en": "dataset '{dataset}' has no sectors: showing {label}",
                          "fr": "le jeu de données '{dataset}' n’a pas de secteurs : affichage de {label}"},
    "notice_no_measure_indicator": {"en": "{dataset} has no {measure}: showing the location quotient",
                                    "fr": "{dataset} n’a pas de « {measure} » : affichage du quotient de localisation"},
    "notice_no_measure": {"en": "{dataset} has no measure '{measure}': using '{label}'",
                          "fr": "{dataset} n’a pas la mesure '{measure}' : utilisation de '{label}'"},
    "notice_no_size_class": {
        "en": "{dataset} has no {measure} by size class, which {indicator} needs: showing the location quotient",
        "fr": "{dataset} n’a pas de « {measure} » par classe de taille, nécessaire pour « {indicator} » : affichage "
              "du quotient de localisation"},
    "notice_not_summable": {
        "en": "{measure} cannot be added up over sectors, so {indicator} (which needs a region total) is not "
              "defined: showing the {fallback}",
        "fr": "{measure} ne s’additionne pas sur les secteurs, donc « {indicator} » (qui demande un total régional) "
              "n’est pas défini : affichage de « {fallback} »"},
    "notice_no_sector": {"en": "{dataset} has no sector {sector}: showing {shown}",
                         "fr": "{dataset} n’a pas de secteur {sector} : affichage de {shown}"},
    "notice_divisions": {"en": "{indicator} is computed for NACE divisions: showing {division}",
                         "fr": "« {indicator} » est calculé pour les divisions NACE : affichage de {division}"},
    "notice_version_only": {"en": "{dataset} exists in NUTS {version} only: map shown in NUTS {version}",
                            "fr": "{dataset} n’existe qu’en NUTS {version} : carte affichée en NUTS {version}"},
    "notice_no_level": {"en": "{dataset} has no NUTS {level}: showing NUTS {shown}",
                        "fr": "{dataset} n’a pas de niveau NUTS {level} : affichage du NUTS {shown}"},
    "notice_too_few_regions": {"en": "{indicator} has too few regions with data in {year}: showing {shown}",
                               "fr": "« {indicator} » a trop peu de régions avec données en {year} : affichage de "
                                     "{shown}"},
    "notice_start_not_earlier": {
        "en": "start year {start} is not earlier than the year {year}: showing the single year {year}",
        "fr": "l’année de départ {start} n’est pas antérieure à l’année {year} : affichage de la seule année {year}"},
    "notice_start_too_few": {
        "en": "start year {start} has too few regions with data {year}: showing the single year {year}",
        "fr": "l’année de départ {start} a trop peu de régions avec données ({year}) : affichage de la seule année "
              "{year}"},
    "notice_needs_start": {"en": "{indicator} needs a start year: showing the {fallback}",
                           "fr": "« {indicator} » demande une année de départ : affichage de « {fallback} »"},
    "notice_needs_total": {
        "en": "{indicator} needs a region total, which this measure has not: showing the {fallback}",
        "fr": "« {indicator} » demande un total régional, que cette mesure n’a pas : affichage de « {fallback} »"},
    "notice_url": {"en": "URL parameter '{name}'={value} ignored: {allowed}",
                   "fr": "paramètre d’URL '{name}'={value} ignoré : {allowed}"},
    # what a URL parameter allows (views/url.py; views/state.py KINDS and CONTROLS), most specific first
    "allowed_parameter": {"en": "unknown parameter; known: {names}", "fr": "paramètre inconnu ; connus : {names}"},
    "allowed_number": {"en": "a number from {low} to {high}", "fr": "un nombre de {low} à {high}"},
    "allowed_none_or": {"en": "none or one of {values}", "fr": "aucune ou une valeur parmi {values}"},
    "allowed_one_of": {"en": "one of {values}", "fr": "une valeur parmi {values}"},
    "allowed_regions": {"en": "unknown region ids, or more than {count} regions",
                        "fr": "codes de régions inconnus, ou plus de {count} régions"},
    "allowed_nace": {"en": "a NACE code of the table, e.g. {example}",
                     "fr": "un code NACE du tableau, p. ex. {example}"},
    "allowed_unknown": {"en": "unknown {name}", "fr": "valeur inconnue de {name}"},
}

#: The export menu (callbacks/export.py, assets/export.js) and the upload panel (callbacks/upload.py).
PANELS: dict[str, dict[str, str]] = {
    "map_format": {"en": "Map format", "fr": "Format de la carte"},
    "map_size": {"en": "Map size", "fr": "Taille de la carte"},
    "background": {"en": "Background", "fr": "Fond"},
    "background_white": {"en": "White", "fr": "Blanc"},
    "background_transparent": {"en": "Transparent", "fr": "Transparent"},
    "download_map": {"en": "Download map", "fr": "Télécharger la carte"},
    "data_format": {"en": "Data format", "fr": "Format des données"},
    "download_data": {"en": "Download data", "fr": "Télécharger les données"},
    "copy_link": {"en": "Copy link", "fr": "Copier le lien"},
    "api_of_view": {"en": "Data API of this view: ", "fr": "API de données de cette vue : "},
    "size_1600x1000": {"en": "Screen 1600 × 1000", "fr": "Écran 1600 × 1000"},
    "size_1600x1000@2": {"en": "Retina: 1600 × 1000 at 2× (3200 × 2000)",
                         "fr": "Retina : 1600 × 1000 à 2× (3200 × 2000)"},
    "size_a4-landscape": {"en": "A4 landscape, 300 dpi (3509 × 2481)", "fr": "A4 paysage, 300 ppp (3509 × 2481)"},
    "size_a4-portrait": {"en": "A4 portrait, 300 dpi (2481 × 3509)", "fr": "A4 portrait, 300 ppp (2481 × 3509)"},
    "size_1200x1200": {"en": "Square 1200 × 1200", "fr": "Carré 1200 × 1200"},
    "pdf_rendering": {"en": "Rendering PDF on the server…", "fr": "Création du PDF sur le serveur…"},
    "pdf_not_made": {"en": "PDF not made: {error}", "fr": "PDF non créé : {error}"},
    "pdf_exported": {"en": "Map exported (PDF, {size}, {date}, {kb} kB, {seconds} s on the server)",
                     "fr": "Carte exportée (PDF, {size}, {date}, {kb} ko, {seconds} s sur le serveur)"},
    "map_exported": {"en": "Map exported ({format}, {pixels}, {date})",
                     "fr": "Carte exportée ({format}, {pixels}, {date})"},
    "map_export_failed": {"en": "Map export failed: {error}", "fr": "Échec de l’export de la carte : {error}"},
    "link_copied": {"en": "Link copied: {url}", "fr": "Lien copié : {url}"},
    "copy_this_link": {"en": "Copy this link: {url}", "fr": "Copiez ce lien : {url}"},
    "exported_on": {"en": "Exported {date}.", "fr": "Exporté le {date}."},
    "upload_name": {"en": "Dataset name (optional)", "fr": "Nom du jeu de données (facultatif)"},
    "upload_name_placeholder": {"en": "dataset name (optional)", "fr": "nom du jeu de données (facultatif)"},
    "upload_existing": {"en": "Existing dataset", "fr": "Jeu de données existant"},
    "upload_replace": {"en": "Replace a dataset of the same name", "fr": "Remplacer un jeu de données du même nom"},
    "upload_drop": {"en": "Drop a register, cluster list or Eurostat table here, or ",
                    "fr": "Déposez ici un registre, une liste de pôles ou un tableau Eurostat, ou "},
    "upload_choose": {"en": "choose a file", "fr": "choisissez un fichier"},
    "upload_formats": {"en": "CSV, Excel, Parquet/GeoParquet, GeoPackage, GeoJSON, zipped Shapefile, Eurostat "
                             "TSV/SDMX-CSV; up to {megabytes} MB.",
                       "fr": "CSV, Excel, Parquet/GeoParquet, GeoPackage, GeoJSON, Shapefile zippé, TSV/SDMX-CSV "
                             "d’Eurostat ; jusqu’à {megabytes} Mo."},
    "upload_report_button": {"en": "Download the full report", "fr": "Télécharger le rapport complet"},
    "upload_not_loaded": {"en": "✗ Not loaded: {error}", "fr": "✗ Non chargé : {error}"},
    "upload_nothing_changed": {"en": "Nothing was changed: the datasets loaded before are still there.",
                               "fr": "Rien n’a été modifié : les jeux de données chargés auparavant sont toujours là."},
    "upload_ok": {"en": "✓ {filename}{synthetic}: {accepted} rows accepted, {rejected} rejected of {read}.",
                  "fr": "✓ {filename}{synthetic} : {accepted} lignes acceptées, {rejected} rejetées sur {read}."},
    "upload_synthetic": {"en": " (synthetic)", "fr": " (synthétique)"},
    "upload_col_row": {"en": "row", "fr": "ligne"},
    "upload_col_column": {"en": "column", "fr": "colonne"},
    "upload_col_problem": {"en": "problem", "fr": "problème"},
    "upload_col_value": {"en": "value", "fr": "valeur"},
    "upload_more": {"en": "… and {more} more problems in the full report.",
                    "fr": "… et {more} autres problèmes dans le rapport complet."},
    "upload_unreadable": {"en": "file '{filename}': could not be read ({kind})",
                          "fr": "fichier '{filename}' : illisible ({kind})"},
}
