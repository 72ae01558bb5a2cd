"""Module identity: the dotted name Python imports each analysed file under, and the other names it has.

Discovery names files from the layout alone (:mod:`docgen.moduleid.layout`); once the files are
parsed, their imports say which directories the tree is imported from
(:mod:`docgen.moduleid.roots`), which gives the final names (:mod:`docgen.moduleid.names`).
"""

from docgen.moduleid.layout import is_django_project, module_name
from docgen.moduleid.names import ModuleNames, name_modules

__all__ = ["ModuleNames", "is_django_project", "module_name", "name_modules"]
