"""The HTTP service of ``clausegen serve`` (the ``server`` extra: FastAPI and uvicorn).

:mod:`.app` is the HTTP edge (routes, problem documents, the render pool), :mod:`.bodies`
reads request bodies within bounds, :mod:`.work` is what the render processes do. Only the
command line imports this package; nothing here is imported by ``import clausegen``.
"""
