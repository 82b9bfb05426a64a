package org.linli.core.coverage;

/**
 * One H3 cell: {@code supply} eligible providers cover its centre, with {@code spare} units of
 * capacity between them; {@code demand} needs lie in it; {@code gap} is the demand their spare
 * capacity cannot take.
 */
public record Hex(long cell, int supply, long spare, int demand, int gap) {}
