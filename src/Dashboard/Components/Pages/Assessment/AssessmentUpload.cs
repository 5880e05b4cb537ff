using Microsoft.AspNetCore.Components.Forms;
using RevivalAnalytics.Dashboard.Apis;

namespace RevivalAnalytics.Dashboard.Components.Pages.Assessment;

/// <summary>A workbook uploaded on the assessment's working pages, read whole within the API's size limit.</summary>
internal static class AssessmentUpload
{
    /// <summary>The file in memory at position 0 — a circuit's stream cannot seek and the workbook readers need to —
    /// or null when it is over <see cref="AssessmentApi.MaxUploadBytes"/> or could not be read to its end.</summary>
    public static async Task<MemoryStream?> ReadAsync(IBrowserFile file)
    {
        var buffer = new MemoryStream();
        try
        {
            await using var upload = file.OpenReadStream(AssessmentApi.MaxUploadBytes);
            await upload.CopyToAsync(buffer);
        }
        catch (IOException)
        {
            await buffer.DisposeAsync();
            return null;
        }

        buffer.Position = 0;
        return buffer;
    }

    /// <summary>Why <see cref="ReadAsync"/> gave nothing, in Chinese and English.</summary>
    public static (string Zh, string En) Unread(IBrowserFile file) =>
        ($"文件 {file.Name} 超过 {AssessmentApi.MaxUploadBytes / 1024 / 1024} MB 或未能读完",
         $"file {file.Name} exceeds {AssessmentApi.MaxUploadBytes / 1024 / 1024} MB or could not be read");
}
