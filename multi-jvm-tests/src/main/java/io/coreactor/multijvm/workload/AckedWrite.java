package io.coreactor.multijvm.workload;

/**
 * A write (or delete, with a null value) the cluster acknowledged, with the revision its
 * response header carried.
 */
public record AckedWrite(String key, String value, long revision) {}
