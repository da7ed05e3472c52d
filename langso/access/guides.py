"""Who may act on guides."""

__all__: list[str] = []
