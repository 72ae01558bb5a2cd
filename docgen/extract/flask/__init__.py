"""Flask and what builds on it: blueprints, class-based views, Flask-RESTX, Quart-Schema, class registries."""
