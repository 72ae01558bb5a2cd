"""The catalog data model: records, vocabularies and their JSON codec."""

from docgen.model.application import ApiInfo, Application
from docgen.model.catalog import (
    SCHEMA_VERSION,
    Auth,
    Body,
    Catalog,
    Model,
    ModelField,
    Param,
    Project,
    Relation,
    Response,
    Route,
)
from docgen.model.coverage import Coverage, KindCoverage, ModuleCoverage
from docgen.model.enums import (
    CoverageKind,
    DocstringStyle,
    FindingSource,
    Framework,
    HistoryStatus,
    HttpMethod,
    ModelKind,
    ParamLocation,
    RelationKind,
    SecuritySeverity,
    Severity,
    Stage,
    SymbolKind,
)
from docgen.model.findings import Diagnostic, Finding
from docgen.model.graphql import GraphQLField, GraphQLType
from docgen.model.health import FileHealth, FunctionComplexity, Health, Ownership
from docgen.model.history import AuthorShare, Commit, FileChurn, FileHistory, History
from docgen.model.location import Location
from docgen.model.security import SecurityScheme
from docgen.model.serialization import Serialization
from docgen.model.symbols import DocParam, Docstring, Module, Symbol, SymbolParam

__all__ = [
    "SCHEMA_VERSION",
    "ApiInfo",
    "Application",
    "Auth",
    "AuthorShare",
    "Body",
    "Catalog",
    "Commit",
    "Coverage",
    "CoverageKind",
    "Diagnostic",
    "DocParam",
    "Docstring",
    "DocstringStyle",
    "FileChurn",
    "FileHealth",
    "FileHistory",
    "Finding",
    "FindingSource",
    "Framework",
    "FunctionComplexity",
    "GraphQLField",
    "GraphQLType",
    "Health",
    "History",
    "HistoryStatus",
    "HttpMethod",
    "KindCoverage",
    "Location",
    "Model",
    "ModelField",
    "ModelKind",
    "Module",
    "ModuleCoverage",
    "Ownership",
    "Param",
    "ParamLocation",
    "Project",
    "Relation",
    "RelationKind",
    "Response",
    "Route",
    "SecurityScheme",
    "SecuritySeverity",
    "Serialization",
    "Severity",
    "Stage",
    "Symbol",
    "SymbolKind",
    "SymbolParam",
]
