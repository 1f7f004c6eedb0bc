SELECT agent, action, month, sum(suggestions),
	sum(pending), sum(auto_executed), sum(decided), sum(followed), sum(modified), sum(ignored),
	sum(decided_followed), sum(decided_overridden),
	sum(followed_judged), sum(followed_correct), sum(ignored_judged), sum(ignored_correct),
	sum(scored), total(confidence_sum), total(outcome_sum), total(squared_error_sum),
	total(scored) FILTER (WHERE bin = 0), total(confidence_sum) FILTER (WHERE bin = 0), total(outcome_sum) FILTER (WHERE bin = 0),
	total(scored) FILTER (WHERE bin = 1), total(confidence_sum) FILTER (WHERE bin = 1), total(outcome_sum) FILTER (WHERE bin = 1),
	total(scored) FILTER (WHERE bin = 2), total(confidence_sum) FILTER (WHERE bin = 2), total(outcome_sum) FILTER (WHERE bin = 2),
	total(scored) FILTER (WHERE bin = 3), total(confidence_sum) FILTER (WHERE bin = 3), total(outcome_sum) FILTER (WHERE bin = 3),
	total(scored) FILTER (WHERE bin = 4), total(confidence_sum) FILTER (WHERE bin = 4), total(outcome_sum) FILTER (WHERE bin = 4),
	total(scored) FILTER (WHERE bin = 5), total(confidence_sum) FILTER (WHERE bin = 5), total(outcome_sum) FILTER (WHERE bin = 5),
	total(scored) FILTER (WHERE bin = 6), total(confidence_sum) FILTER (WHERE bin = 6), total(outcome_sum) FILTER (WHERE bin = 6),
	total(scored) FILTER (WHERE bin = 7), total(confidence_sum) FILTER (WHERE bin = 7), total(outcome_sum) FILTER (WHERE bin = 7),
	total(scored) FILTER (WHERE bin = 8), total(confidence_sum) FILTER (WHERE bin = 8), total(outcome_sum) FILTER (WHERE bin = 8),
	total(scored) FILTER (WHERE bin = 9), total(confidence_sum) FILTER (WHERE bin = 9), total(outcome_sum) FILTER (WHERE bin = 9)
	FROM suggestion_cells WHERE true GROUP BY agent, action, month HAVING sum(suggestions) > 0
	ORDER BY agent, action, month;
