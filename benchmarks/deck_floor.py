"""The floor of any page with a deck.gl map in this Streamlit: a title and an empty `st.pydeck_chart`
(no data, no controls). `bench_map` loads it beside `streamlit hello` and /map, so the share of the
map page's load that comes from Streamlit's deck.gl element itself is measured in every run."""

import pydeck as pdk
import streamlit as st

st.title("deck.gl floor")
st.pydeck_chart(
    pdk.Deck(layers=[], initial_view_state=pdk.ViewState(latitude=35, longitude=105, zoom=3), map_style=None),
    height=700,
)
