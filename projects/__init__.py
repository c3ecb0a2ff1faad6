"""Projects: a producer's songs in progress, their generations, MIDI files and exports."""
