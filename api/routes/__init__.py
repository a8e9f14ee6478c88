"""One router per concern; ``api.app.create_app`` includes them all."""
from . import admin, ask, documents, feedback, openai, ops, search

ROUTERS = (ask.router, search.router, documents.router, feedback.router, openai.router, admin.router, ops.router)
