"""Citizen voice and supervision: ratings (好差评), rectification, appeals, complaints, supervisors, inspections."""
