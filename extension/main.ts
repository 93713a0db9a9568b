// extension entry
