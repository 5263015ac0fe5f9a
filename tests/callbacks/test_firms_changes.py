from callbacks.firms import for_drawn_figure
from layers.map_view import map_keys
from views.state import View
from views.values import effective_view


def test_firms_changes_go_only_to_the_drawn_figure(store):
    view = effective_view(store, View(layers=("outlines", "firms")))
    keys = map_keys(view).as_dict()
    assert for_drawn_figure(view, keys)
    assert not for_drawn_figure(view, None)  # page load: the first figure carries its firms
    other_level = effective_view(store, View(level=1, layers=("outlines", "firms")))
    assert not for_drawn_figure(other_level, keys)  # a new figure is coming
