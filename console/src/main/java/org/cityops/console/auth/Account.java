package org.cityops.console.auth;

/** A console user: a name, a role, and the BCrypt hash of the password (never the password). */
public record Account(String name, Role role, String passwordHash) {}
