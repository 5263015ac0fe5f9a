"""The token bucket per client address: never more than burst + rate × elapsed requests; addresses independent."""

from hypothesis import given, settings
from hypothesis import strategies as st

from api.limits import RateLimit, RateLimiter


@settings(max_examples=200, deadline=None)
@given(per_minute=st.integers(1, 600), burst=st.integers(1, 50),
       gaps=st.lists(st.floats(0, 5, allow_nan=False), min_size=1, max_size=200))
def test_allowed_requests_never_exceed_burst_plus_refill(per_minute, burst, gaps):
    now = [0.0]
    limiter = RateLimiter(RateLimit(per_minute=per_minute, burst=burst), clock=lambda: now[0])
    allowed = 0
    for gap in gaps:
        now[0] += gap
        wait = limiter.wait("a")
        assert wait >= 0
        allowed += wait == 0
        assert allowed <= burst + now[0] * per_minute / 60 + 1e-9
    assert allowed >= min(len(gaps), burst)  # a fresh client always gets its burst


def test_retry_after_is_the_time_to_the_next_token_and_clients_are_independent():
    """30 a minute = one request per 2 s: after a burst of 2, the third waits 2 s, then 1 s after 1 s."""
    now = [0.0]
    limiter = RateLimiter(RateLimit(per_minute=30, burst=2), clock=lambda: now[0])
    assert [limiter.wait("a"), limiter.wait("a"), limiter.wait("a")] == [0.0, 0.0, 2.0]
    assert limiter.wait("b") == 0.0
    now[0] = 1.0
    assert limiter.wait("a") == 1.0
    now[0] = 2.0
    assert limiter.wait("a") == 0.0


def test_the_table_of_clients_is_bounded():
    limiter = RateLimiter(RateLimit(per_minute=1, burst=1), clock=lambda: 0.0, max_clients=3)
    for client in "abcd":
        assert limiter.wait(client) == 0.0
    assert limiter.wait("a") == 0.0  # 'a' was forgotten (least recently seen): a full bucket again
    assert limiter.wait("d") > 0
