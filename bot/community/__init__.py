"""What members add around the catalogue: favourite scenes and discussion threads."""
