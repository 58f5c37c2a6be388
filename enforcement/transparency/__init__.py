"""Transparency: a Merkle tree over each agency's log, signed checkpoints and their proofs."""
