from tests.dbsupport import db_app, db_url, search_dir  # noqa: F401  (fixtures)
