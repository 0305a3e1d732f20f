"""Reports: PDF documents drawn with reportlab, and spreadsheet exports."""
