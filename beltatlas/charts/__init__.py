"""Chart builders: pure functions returning `alt.Chart`, no Streamlit."""
