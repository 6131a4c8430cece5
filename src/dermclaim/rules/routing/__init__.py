"""Routing to payer or patient: cosmetic waivers, ABNs and the GY/GX/GA/GZ modifiers."""
