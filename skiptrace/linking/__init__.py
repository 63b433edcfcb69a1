"""Between sources and profiles: the parties a record names (parties), debtors and parties as
matching descriptions and the best party per record (scoring), geocoding what matched (locate)."""
