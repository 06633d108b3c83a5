using System.Globalization;

namespace Precis.Prediction.Learners;

/// <summary>One setting of the boosting search grid.</summary>
/// <param name="MaxLeaves">Most leaves per tree.</param>
/// <param name="MinSamplesLeaf">Fewest rows in a leaf.</param>
/// <param name="L2">L2 penalty on leaf values.</param>
public sealed record BoostingCandidate(int MaxLeaves, int MinSamplesLeaf, double L2)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{MaxLeaves} leaves, min {MinSamplesLeaf} per leaf, L2 {L2}");
}

/// <summary>Settings of the inner search: the grid, the most rounds, the inner folds; the rest comes from <paramref name="Base"/>.</summary>
/// <param name="Base">Everything not searched (learning rate, depth, bins, monotone constraints, threads, seed).</param>
/// <param name="Grid">Candidates; the number of rounds (1 to <paramref name="MaxIterations"/>) is chosen for each.</param>
/// <param name="MaxIterations">Most boosting rounds.</param>
/// <param name="InnerFolds">Folds of the inner cross-validation (stratified for binary outcomes).</param>
public sealed record BoostingSearchOptions(BoostingOptions Base, IReadOnlyList<BoostingCandidate> Grid, int MaxIterations = 100, int InnerFolds = 3)
{
    /// <summary>Below this many rows `precis model train` searches by default (scikit-learn turns early stopping on from here).</summary>
    public const int SmallDataRows = 10_000;

    /// <summary>
    /// The default grid for small tabular data: tree size (4, 8 or 31 leaves) × leaf size (10 or 20 rows), rounds 1–100
    /// at the learning rate of <see cref="Base"/>. scikit-learn's defaults (31 leaves, 20 per leaf, 100 rounds) are
    /// one of the candidates, so the search can only keep them or choose what the inner folds prefer. L2 is left at
    /// the base value: with the rounds chosen it changed little in trials and would double the cost.
    /// </summary>
    public static IReadOnlyList<BoostingCandidate> SmallDataGrid { get; } =
        [.. from leaves in new[] { 4, 8, 31 } from minLeaf in new[] { 10, 20 } select new BoostingCandidate(leaves, minLeaf, 0)];

    /// <summary>The default search around <paramref name="baseOptions"/> (its L2 is kept).</summary>
    public static BoostingSearchOptions Default(BoostingOptions baseOptions)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        return new(baseOptions, [.. SmallDataGrid.Select(c => c with { L2 = baseOptions.L2 })]);
    }

    /// <summary>
    /// What `precis model train` fits by default: below <see cref="SmallDataRows"/> rows the inner search around
    /// <paramref name="baseOptions"/>; from there the base settings with early stopping after 10 rounds on a 10%
    /// hold-out unless the caller set it (scikit-learn's early_stopping='auto' rule).
    /// </summary>
    public static ILearner DefaultLearner(int rows, BoostingOptions baseOptions)
    {
        ArgumentNullException.ThrowIfNull(baseOptions);
        if (rows < SmallDataRows)
            return new TunedBoostingLearner(Default(baseOptions));
        return new GradientBoostingLearner(baseOptions.EarlyStoppingRounds > 0 ? baseOptions : baseOptions with { EarlyStoppingRounds = 10 });
    }
}

/// <summary>The inner search's score for one candidate.</summary>
/// <param name="Candidate">The setting.</param>
/// <param name="Rounds">Rounds with the lowest mean inner validation loss.</param>
/// <param name="Loss">That loss (log-loss for binary outcomes, mean squared error for regression).</param>
public sealed record BoostingSearchResult(BoostingCandidate Candidate, int Rounds, double Loss);

/// <summary>
/// Gradient boosting whose tree size, leaf size, L2 and number of rounds are chosen by an inner cross-validation on the
/// data it is given (and only that data: inside an outer CV it never sees the outer test fold, so outer estimates stay
/// honest — nested CV). Each candidate is fitted once per inner fold to <see cref="BoostingSearchOptions.MaxIterations"/>
/// rounds and the whole validation-loss curve is read, so the number of rounds costs nothing extra. The candidate and
/// round count with the lowest mean inner log-loss are refitted on all rows. Deterministic for a seed; the inner fits
/// run in parallel but each is single-threaded and independent, so results do not depend on the thread count.
/// </summary>
public sealed class TunedBoostingLearner(BoostingSearchOptions options) : ILearner
{
    public BoostingSearchOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => "histogram gradient boosting with settings chosen by inner cross-validation";

    IPredictor ILearner.Fit(Dataset data) => Fit(data);

    /// <summary>Every candidate's best rounds and loss, best first.</summary>
    public IReadOnlyList<BoostingSearchResult> Search(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var o = Options;
        if (o.Grid.Count == 0)
            throw new ArgumentException("the search grid is empty");
        ArgumentOutOfRangeException.ThrowIfLessThan(o.MaxIterations, 1);
        var fold = CrossValidation.AssignFolds(data.Y, o.InnerFolds, o.Base.Seed, o.Base.Binary);
        var trainOf = new int[o.InnerFolds][];
        var validOf = new int[o.InnerFolds][];
        for (var f = 0; f < o.InnerFolds; f++)
        {
            trainOf[f] = [.. Enumerable.Range(0, data.Rows).Where(i => fold[i] != f)];
            validOf[f] = [.. Enumerable.Range(0, data.Rows).Where(i => fold[i] == f)];
        }

        // curves[candidate × folds + fold][round] = mean validation loss of that fold after that round.
        var curves = new IReadOnlyList<double>[o.Grid.Count * o.InnerFolds];
        var threads = o.Base.Threads > 0 ? o.Base.Threads : Environment.ProcessorCount;
        Parallel.For(0, curves.Length, new ParallelOptions { MaxDegreeOfParallelism = threads }, job =>
        {
            var c = o.Grid[job / o.InnerFolds];
            var f = job % o.InnerFolds;
            var learner = new GradientBoostingLearner(Settings(c, o.MaxIterations) with { Threads = 1 });
            curves[job] = learner.Fit(data, trainOf[f], validOf[f], patience: 0).ValidationLoss;
        });

        var results = new List<BoostingSearchResult>();
        for (var c = 0; c < o.Grid.Count; c++)
        {
            // Pool the folds weighted by their size: the loss over all inner validation rows after each round.
            var bestRound = 0;
            var bestLoss = double.PositiveInfinity;
            for (var r = 0; r < o.MaxIterations; r++)
            {
                double loss = 0;
                for (var f = 0; f < o.InnerFolds; f++)
                    loss += curves[(c * o.InnerFolds) + f][r] * validOf[f].Length;
                loss /= data.Rows;
                if (loss < bestLoss - 1e-12)
                {
                    bestLoss = loss;
                    bestRound = r + 1;
                }
            }

            results.Add(new BoostingSearchResult(o.Grid[c], bestRound, bestLoss));
        }

        // Stable sort: equal losses keep grid order.
        return [.. results.OrderBy(r => r.Loss)];
    }

    public BoostedModel Fit(Dataset data)
    {
        var results = Search(data);
        var best = results[0];
        var model = new GradientBoostingLearner(Settings(best.Candidate, best.Rounds)).Fit(data);
        var selection = string.Create(CultureInfo.InvariantCulture,
            $"{best.Candidate}, {best.Rounds} rounds, learning rate {Options.Base.LearningRate} (lowest {Options.InnerFolds}-fold inner {(Options.Base.Binary ? "log-loss" : "MSE")} {best.Loss:0.####} of {Options.Grid.Count} settings × 1–{Options.MaxIterations} rounds)");
        return model with { Selection = selection };
    }

    private BoostingOptions Settings(BoostingCandidate c, int rounds) => Options.Base with
    {
        Iterations = rounds,
        MaxLeaves = c.MaxLeaves,
        MinSamplesLeaf = c.MinSamplesLeaf,
        L2 = c.L2,
        EarlyStoppingRounds = 0,
    };
}
