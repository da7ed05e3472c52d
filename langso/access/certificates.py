"""Who may act on certificates."""

__all__: list[str] = []
