"""The built-in demo account: a moto server seeded with a fictional company."""
