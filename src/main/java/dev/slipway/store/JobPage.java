package dev.slipway.store;

import java.util.List;

/** One page of a job search, newest first, and how many jobs match in all. */
public record JobPage(List<JobRecord> jobs, long total, int page, int size) {
}
