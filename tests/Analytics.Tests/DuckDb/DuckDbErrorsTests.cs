using DuckDB.NET.Data;
using DuckDB.NET.Native;
using RevivalAnalytics.DuckDb;

namespace RevivalAnalytics.Tests.DuckDb;

public sealed class DuckDbErrorsTests(DuckDbFixture fixture) : IClassFixture<DuckDbFixture>
{
    public static TheoryData<string, DuckDBErrorType> Messages => new()
    {
        { "Catalog Error: Table with name x does not exist!", DuckDBErrorType.Catalog },
        { "Binder Error: Referenced column \"y\" not found", DuckDBErrorType.Binder },
        { "Parser Error: syntax error at or near \"SELEC\"", DuckDBErrorType.Parser },
        { "Invalid Input Error: Cannot execute statement", DuckDBErrorType.InvalidInput },
        { "Out of Memory Error: could not allocate", DuckDBErrorType.OutOfMemory },
        { "TransactionContext Error: cannot commit", DuckDBErrorType.Transaction },
        { "Extension Autoloading Error: refused", DuckDBErrorType.Autoload },
        { "Something without a category", DuckDBErrorType.Invalid },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void FromMessage_DuckDbPrefix_GivesCategory(string message, DuckDBErrorType expected)
    {
        Assert.Equal(expected, DuckDbErrors.FromMessage(message));
    }

    [Fact]
    public void Category_ExecutionError_IsDuckDbNetsType()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDBException>(() => connection.QueryColumns("SELECT 'abc'::INTEGER AS x"));

        Assert.Equal(error.ErrorType, error.Category());
        Assert.Equal(DuckDBErrorType.Conversion, error.Category());
    }

    [Fact]
    public void Category_BinderErrorAtPrepare_ReadFromMessage()
    {
        using var connection = fixture.Database.Connect();

        var error = Assert.Throws<DuckDBException>(() => connection.QueryColumns("SELECT no_such_column FROM range(1)"));

        Assert.Equal(DuckDBErrorType.Invalid, error.ErrorType);
        Assert.Equal(DuckDBErrorType.Binder, error.Category());
    }
}
