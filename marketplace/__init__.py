"""Marketplace: listings, purchases and reviews of sample and MIDI packs."""
