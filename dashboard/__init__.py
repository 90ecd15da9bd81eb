"""SeqLab's Streamlit front end: the entry point, thin lessons and pure chart builders."""
