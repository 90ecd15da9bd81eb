"""SeqLab's modelling package: numpy and Keras code, no user interface.

Every module holds one concept of the Sequence Models course and returns the
intermediate values a lesson shows. Nothing here imports streamlit: the
dashboard imports core, never the other way round.
"""
