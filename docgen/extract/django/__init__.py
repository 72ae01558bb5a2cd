"""Django urlconfs and views, with the frameworks mounted on them: Django REST framework and Django Ninja."""
