"""The buyer's review: the dashboard of requests and the scored submission pages."""
