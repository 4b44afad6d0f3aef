package io.slipstream.processor.slo.spec;

/** Which document of which file a node comes from. */
record DocumentLocation(String file, int index) {}
