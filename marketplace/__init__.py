"""The marketplace: producers sell MIDI packs, stem packs and templates made from their own work."""
