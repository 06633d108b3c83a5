using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Precis.Storage;

/// <summary>
/// Quoted table and column names of one entity as the EF model maps them, for the few hot statements written in
/// plain ADO.NET (the audit append, the CDS hook's lookup): the SQL follows the model instead of repeating it.
/// </summary>
public sealed class StoreNames
{
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly ISqlGenerationHelper _sql;

    private StoreNames(PrecisDbContext db, Type entity)
    {
        _entity = db.Model.FindEntityType(entity) ?? throw new InvalidOperationException($"the model has no entity {entity.Name}");
        _table = StoreObjectIdentifier.Table(_entity.GetTableName()!, _entity.GetSchema());
        _sql = db.GetService<ISqlGenerationHelper>();
    }

    /// <summary>The names of <typeparamref name="T"/> in <paramref name="db"/>'s model and provider.</summary>
    public static StoreNames Of<T>(PrecisDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return new StoreNames(db, typeof(T));
    }

    /// <summary>The quoted table name.</summary>
    public string Table => _sql.DelimitIdentifier(_table.Name, _table.Schema);

    /// <summary>The quoted column of a property.</summary>
    public string Column(string property) => _sql.DelimitIdentifier(Property(property).GetColumnName(_table)!);

    /// <summary>The mapped property (its type mapping makes parameters in EF's own representation).</summary>
    public IProperty Property(string property) =>
        _entity.FindProperty(property) ?? throw new InvalidOperationException($"{_entity.DisplayName()} has no property {property}");

    /// <summary>How many properties the entity maps (a guard for statements that list every column).</summary>
    public int PropertyCount => _entity.GetProperties().Count();
}
