"""The Mohs Appropriate Use Criteria (2012) and what payers do with their ratings."""
