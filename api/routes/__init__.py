"""One router per concern; ``api.app.create_app`` includes them all."""
from . import admin, ask, documents, feedback, ops, search

ROUTERS = (ask.router, search.router, documents.router, feedback.router, admin.router, ops.router)
