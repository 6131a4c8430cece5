"""Rules on shave removal (SHV) and excision (EXC) of skin lesions."""
