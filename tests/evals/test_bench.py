"""The benchmark's figures for the longest text: it reads the whole input limit, twice, and screened."""

from evals.bench import bench_longest_text


def test_the_longest_text_figure_reads_the_whole_limit_and_reports_both_readings(runtime):
    figures = bench_longest_text(runtime)
    assert 199_000 < figures["longest_text_chars"] < 200_000
    assert figures["longest_text_critique_s"] > 0 and figures["longest_text_again_s"] > 0


def test_the_screened_figure_is_measured_in_a_process_of_its_own(runtime):
    from evals.bench import screened_longest_text

    assert 0 < screened_longest_text(runtime.settings) < 60


def test_the_three_tasks_memory_is_measured_in_a_process_of_its_own(runtime):
    from evals.bench import three_tasks_peak_rss

    # The child loads the embedding model and both taggers; this process's own peak is
    # not what it reports.
    assert 100 < three_tasks_peak_rss(runtime.settings) < 2_000
