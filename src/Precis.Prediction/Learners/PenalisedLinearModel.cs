namespace Precis.Prediction.Learners;

/// <summary>Settings of a penalised generalised linear model.</summary>
/// <param name="Logistic">Logistic (binary outcome) or linear (continuous outcome).</param>
/// <param name="Lambda">Penalty strength λ in (1/n)Σloss + λ[α‖β‖₁ + (1−α)/2‖β‖²], on standardised features.</param>
/// <param name="L1Ratio">α: 0 = ridge (L2), 1 = lasso (L1), between = elastic net.</param>
public sealed record LinearModelOptions(bool Logistic = true, double Lambda = 0, double L1Ratio = 0)
{
    /// <summary>The penalty scikit-learn's LogisticRegression(C) uses (½‖β‖² + C·Σloss) for n training rows.</summary>
    public static LinearModelOptions SklearnL2(double c, int n) => new(true, 1.0 / (c * n), 0);
}

/// <summary>
/// A fitted penalised linear or logistic model. Features are mean-imputed (training means) and standardised; the
/// coefficients are kept on that scale so the penalty treats every feature alike.
/// </summary>
public sealed record LinearModel(
    bool Logistic,
    IReadOnlyList<string> FeatureNames,
    double[] Means,
    double[] Scales,
    double Intercept,
    double[] Coefficients) : IPredictor
{
    public double Margin(ReadOnlySpan<double> row)
    {
        var m = Intercept;
        for (var j = 0; j < Coefficients.Length; j++)
            m += Coefficients[j] * Standardise(row[j], j);
        return m;
    }

    public double Predict(ReadOnlySpan<double> row) => Logistic ? LogisticFit.Sigmoid(Margin(row)) : Margin(row);

    /// <summary>
    /// Linear SHAP on the margin scale with the training means as background (features treated as independent):
    /// φⱼ = βⱼ·(zⱼ − 0); the last entry is the expected margin (the intercept). The entries sum to the margin.
    /// </summary>
    public double[] Shap(ReadOnlySpan<double> row)
    {
        var phi = new double[Coefficients.Length + 1];
        for (var j = 0; j < Coefficients.Length; j++)
            phi[j] = Coefficients[j] * Standardise(row[j], j);
        phi[^1] = Intercept;
        return phi;
    }

    private double Standardise(double x, int j) => double.IsNaN(x) ? 0 : (x - Means[j]) / Scales[j];
}

/// <summary>
/// Fits ridge, lasso and elastic-net linear and logistic regression: ridge by Newton's method (exact), L1 and
/// elastic net by cyclic coordinate descent inside IRLS (Friedman, Hastie &amp; Tibshirani 2010).
/// </summary>
public sealed class PenalisedLinearLearner(LinearModelOptions options) : ILearner
{
    public LinearModelOptions Options { get; } = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => (Options.Logistic ? "logistic" : "linear") + (Options.Lambda == 0 ? "" : Options.L1Ratio switch
    {
        0 => " (L2)",
        1 => " (L1)",
        _ => " (elastic net)",
    });

    IPredictor ILearner.Fit(Dataset data) => Fit(data);

    public LinearModel Fit(Dataset data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var n = data.Rows;
        var p = data.Features;
        var means = new double[p];
        var scales = new double[p];
        for (var j = 0; j < p; j++)
        {
            double s = 0, c = 0;
            foreach (var row in data.X)
            {
                if (!double.IsNaN(row[j]))
                {
                    s += row[j];
                    c++;
                }
            }

            means[j] = c > 0 ? s / c : 0;
            double v = 0;
            foreach (var row in data.X)
            {
                var x = double.IsNaN(row[j]) ? means[j] : row[j];
                v += (x - means[j]) * (x - means[j]);
            }

            // Population SD, as scikit-learn's StandardScaler; a constant column keeps scale 1 (its z is 0).
            var sd = Math.Sqrt(v / n);
            scales[j] = sd > 0 ? sd : 1;
        }

        var z = new double[n][];
        for (var i = 0; i < n; i++)
        {
            z[i] = new double[p];
            for (var j = 0; j < p; j++)
                z[i][j] = double.IsNaN(data.X[i][j]) ? 0 : (data.X[i][j] - means[j]) / scales[j];
        }

        double intercept;
        double[] beta;
        if (Options.L1Ratio == 0 || Options.Lambda == 0)
            (intercept, beta) = FitRidge(z, data.Y, n * Options.Lambda * (1 - Options.L1Ratio));
        else
            (intercept, beta) = FitCoordinateDescent(z, data.Y);

        return new LinearModel(Options.Logistic, data.FeatureNames, means, scales, intercept, beta);
    }

    private (double, double[]) FitRidge(double[][] z, double[] y, double l2)
    {
        if (Options.Logistic)
        {
            var b = LogisticFit.Fit(z, y, l2: l2);
            return (b[0], b[1..]);
        }

        // Normal equations with ridge on slopes: (ZᵀZ + l2·I)β = Zᵀ(y − ȳ); features are centred so b0 = ȳ.
        var p = z.Length == 0 ? 0 : z[0].Length;
        var mean = y.Average();
        var a = new double[p, p];
        var r = new double[p];
        for (var i = 0; i < z.Length; i++)
        {
            var zi = z[i];
            for (var j = 0; j < p; j++)
            {
                r[j] += zi[j] * (y[i] - mean);
                for (var k = j; k < p; k++)
                    a[j, k] += zi[j] * zi[k];
            }
        }

        for (var j = 0; j < p; j++)
        {
            a[j, j] += l2 + 1e-12;
            for (var k = 0; k < j; k++)
                a[j, k] = a[k, j];
        }

        return (mean, p == 0 ? [] : LogisticFit.Solve(a, r));
    }

    private (double, double[]) FitCoordinateDescent(double[][] z, double[] y)
    {
        var n = z.Length;
        var p = z[0].Length;
        var beta = new double[p];
        var b0 = Options.Logistic ? LogisticFit.Logit(Math.Clamp(y.Average(), 1e-6, 1 - 1e-6)) : y.Average();
        var l1 = Options.Lambda * Options.L1Ratio;
        var l2 = Options.Lambda * (1 - Options.L1Ratio);
        var w = new double[n];
        var work = new double[n];
        var resid = new double[n];
        for (var outer = 0; outer < 100; outer++)
        {
            // Quadratic approximation of the log-likelihood at the current fit (IRLS weights and working response).
            for (var i = 0; i < n; i++)
            {
                var eta = b0;
                for (var j = 0; j < p; j++)
                    eta += beta[j] * z[i][j];
                if (Options.Logistic)
                {
                    var mu = LogisticFit.Sigmoid(eta);
                    w[i] = Math.Max(mu * (1 - mu), 1e-5);
                    work[i] = eta + ((y[i] - mu) / w[i]);
                }
                else
                {
                    w[i] = 1;
                    work[i] = y[i];
                }

                resid[i] = work[i] - eta;
            }

            var maxOuter = 0.0;
            for (var inner = 0; inner < 1000; inner++)
            {
                var maxChange = 0.0;
                double sw = 0, swr = 0;
                for (var i = 0; i < n; i++)
                {
                    sw += w[i];
                    swr += w[i] * resid[i];
                }

                var d0 = swr / sw;
                b0 += d0;
                for (var i = 0; i < n; i++)
                    resid[i] -= d0;
                maxChange = Math.Max(maxChange, Math.Abs(d0));
                for (var j = 0; j < p; j++)
                {
                    double num = 0, den = 0;
                    for (var i = 0; i < n; i++)
                    {
                        var x = z[i][j];
                        num += w[i] * x * (resid[i] + (beta[j] * x));
                        den += w[i] * x * x;
                    }

                    num /= n;
                    den /= n;
                    var updated = SoftThreshold(num, l1) / (den + l2);
                    var delta = updated - beta[j];
                    if (delta == 0)
                        continue;
                    beta[j] = updated;
                    for (var i = 0; i < n; i++)
                        resid[i] -= delta * z[i][j];
                    maxChange = Math.Max(maxChange, Math.Abs(delta));
                }

                maxOuter = Math.Max(maxOuter, maxChange);
                if (maxChange < 1e-9)
                    break;
            }

            if (!Options.Logistic || maxOuter < 1e-8)
                break;
        }

        return (b0, beta);
    }

    private static double SoftThreshold(double x, double t) => x > t ? x - t : x < -t ? x + t : 0;
}
