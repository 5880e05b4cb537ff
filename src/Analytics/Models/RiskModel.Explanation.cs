namespace RevivalAnalytics.Models;

public sealed partial class RiskModel
{
    /// <summary>
    /// Each feature's exact SHAP contribution (TreeSHAP over the trained trees and their training covers) to the
    /// calibrated log-odds of rows <paramref name="rows"/> of <paramref name="frame"/>: the trees' contributions to the
    /// score times the calibrator's slope. A row's contributions plus <see cref="BaseLogOdds"/> equal its calibrated
    /// log-odds.
    /// </summary>
    internal double[][] Contributions(RiskFrame frame, IReadOnlyList<int> rows)
    {
        var shap = _shap.Value;
        var scale = -Metadata.Calibration!.Slope;
        var result = new double[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var contributions = result[r] = new double[frame.Columns];
            shap.Explain(frame.Features.AsSpan(rows[r] * frame.Columns, frame.Columns), contributions);
            for (var c = 0; c < contributions.Length; c++)
            {
                contributions[c] *= scale;
            }
        }

        return result;
    }

    /// <summary>The calibrated log-odds of the average training household, from which contributions are measured.</summary>
    internal double BaseLogOdds => -((Metadata.Calibration!.Slope * _shap.Value.ExpectedValue) + Metadata.Calibration.Offset);

    /// <summary>The <paramref name="top"/> features that raise each row's risk most (positive contributions only).</summary>
    internal IReadOnlyList<RiskFactor>[] Explain(RiskFrame frame, IReadOnlyList<int> rows, int top)
    {
        var contributions = Contributions(frame, rows);
        var result = new IReadOnlyList<RiskFactor>[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            var factors = new List<RiskFactor>();
            for (var c = 0; c < frame.Columns; c++)
            {
                var value = contributions[r][c];
                if (value > 0)
                {
                    var feature = RiskFeatures.All[c];
                    var raw = frame.Features[(rows[r] * frame.Columns) + c];
                    factors.Add(new RiskFactor(feature.Name, feature.Chinese, feature.English, raw == RiskFeatures.Missing ? double.NaN : raw, value));
                }
            }

            result[r] = [.. factors.OrderByDescending(f => f.Contribution).Take(top)];
        }

        return result;
    }
}
