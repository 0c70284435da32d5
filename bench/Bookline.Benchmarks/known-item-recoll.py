"""Runs each line of a file as a Recoll query and prints the URLs of the first ten results, one JSON list per line."""
import json
import sys

from recoll import recoll

config, queries = sys.argv[1], sys.argv[2]
db = recoll.connect(confdir=config)
with open(queries, encoding="utf-8") as lines:
    for line in lines:
        query = db.query()
        try:
            query.execute(line.strip(), stemming=1)
            urls = [doc.url for doc in query.fetchmany(10)]
        except Exception:  # a query Recoll cannot parse finds nothing
            urls = []
        print(json.dumps(urls), flush=True)
