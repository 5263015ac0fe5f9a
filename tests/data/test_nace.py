from data.nace import AGGREGATES, OFFICIAL_COUNTS, sector_label


def test_tree_has_the_official_number_of_codes_per_level(store):
    counts = store.tree["level"].value_counts().to_dict()
    assert {level: counts[level] for level in OFFICIAL_COUNTS} == {1: 21, 2: 88, 3: 272, 4: 615}
    assert set(AGGREGATES) <= set(store.tree.index[store.tree["level"] == 0])


def test_every_sbs_code_is_in_the_tree(store):
    codes = set(store.dataset("sbs").stats["nace"].astype(str).unique())
    assert codes <= set(store.tree.index)
    assert len(codes) == 101


def test_sector_labels_read_naturally(store):
    assert sector_label(store.tree, "C") == "C Manufacturing"
    assert sector_label(store.tree, "C29") == "C29 Manufacture of motor vehicles, trailers and semi-trailers"
    assert sector_label(store.tree, "XX") == "XX"


def test_the_business_economy_sections_do_not_overlap(store):
    sections = AGGREGATES["B-N_S95_X_K"][1]
    codes = [c for c in sections if c != "S95"]
    assert (store.tree.loc[codes, "level"] == 1).all()
    assert store.tree.loc["S95", "parent"] == "S"  # a division of S, outside every other section
