"""Cite: the citation engine — CSL positions from note numbers (first, subsequent, ibid,
near-note), names, dates and the parts of a citation, formatted as rich text by one house
citation style. Imports only the IR and the model; used by `resolve`."""
