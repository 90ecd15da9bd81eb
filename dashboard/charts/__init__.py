"""Pure figure builders: plain arrays in, Plotly or Altair figures out. No Streamlit here."""
