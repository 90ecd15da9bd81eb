"""Page sections shared by, or too long for, one lesson file."""
