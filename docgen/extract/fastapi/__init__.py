"""FastAPI: routers, dependencies, parameters and responses (Starlette's own classes are in starlette/)."""
