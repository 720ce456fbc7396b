"""Exit 0 if the PostgreSQL the tests would use is reachable (DATABASE_URL, else 127.0.0.1:5432)."""

import os
import sys

import dj_database_url
import psycopg


def main() -> int:
    url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    config = dj_database_url.parse(url)
    try:
        psycopg.connect(
            host=config["HOST"] or "127.0.0.1",
            port=config["PORT"] or 5432,
            user=config["USER"] or "postgres",
            password=config["PASSWORD"] or None,
            dbname=config["NAME"] or "postgres",
            connect_timeout=3,
        ).close()
    except psycopg.OperationalError as error:
        print(f"PostgreSQL not reachable at {config['HOST']}:{config['PORT']}: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
