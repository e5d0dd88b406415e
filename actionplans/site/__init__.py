"""Pages and their rendering: the page plan, the theme, Jinja rendering, embeds and the template extras."""
