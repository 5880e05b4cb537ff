using Mono.Cecil;
using Mono.Cecil.Cil;
using RevivalAnalytics.Data;

namespace RevivalAnalytics.Tests;

/// <summary>
/// Which area of the Analytics assembly refers to which, read from its IL with Mono.Cecil: base types, interfaces,
/// attributes, fields, properties, method signatures, locals and every type, method and field an instruction names
/// (compiler-generated closures count for the type that declares them). An area is a namespace below
/// <c>RevivalAnalytics</c>: <c>Data</c> (the contract) and each <c>Data.*</c> namespace on its own, the others by their
/// first segment (<c>Models.Trees</c> is <c>Models</c>); the root namespace is <c>Shared</c>.
/// </summary>
internal static class AreaDependencies
{
    private static readonly Lazy<IReadOnlyDictionary<(string From, string To), string>> s_edges = new(Read);

    /// <summary>Every reference between two areas, with one example (<c>Type → Type</c>) for messages.</summary>
    public static IReadOnlyDictionary<(string From, string To), string> Edges => s_edges.Value;

    /// <summary>The library's entry types: in the root namespace, so that one <c>using RevivalAnalytics;</c> opens the
    /// library, but an area of their own above every other (they create and wire the areas).</summary>
    public static readonly IReadOnlySet<string> EntryTypes = new HashSet<string>(StringComparer.Ordinal)
    {
        "AnalyticsContext", "AnalyticsOptions", "AnalyticsSnapshot", "AnalyticsRefresh", "AnalyticsRefreshOutcome",
    };

    public static string AreaOf(string? ns, string? typeName = null)
    {
        if (ns == "RevivalAnalytics" && typeName is not null && EntryTypes.Contains(typeName))
        {
            return "Entry";
        }

        if (string.IsNullOrEmpty(ns) || !(ns == "RevivalAnalytics" || ns.StartsWith("RevivalAnalytics.", StringComparison.Ordinal)))
        {
            return string.Empty;
        }

        var parts = ns.Split('.');
        return parts.Length == 1 ? "Shared"
            : parts[1] == "Data" ? (parts.Length == 2 ? "Data" : "Data." + parts[2])
            : parts[1];
    }

    private static Dictionary<(string, string), string> Read()
    {
        using var module = ModuleDefinition.ReadModule(typeof(DataContract).Assembly.Location);
        var edges = new Dictionary<(string, string), string>();
        foreach (var type in module.Types)
        {
            var from = AreaOf(type.Namespace, type.Name);
            if (from.Length == 0)
            {
                continue;
            }

            foreach (var (referenced, via) in References(type))
            {
                var outer = referenced;
                while (outer.DeclaringType is not null)
                {
                    outer = outer.DeclaringType;
                }

                var to = AreaOf(outer.Namespace, outer.Name);
                if (to.Length > 0 && to != from)
                {
                    edges.TryAdd((from, to), $"{type.FullName} → {outer.FullName} ({via})");
                }
            }
        }

        return edges;
    }

    // The type and its nested types (closures, state machines, records' helpers) with everything they name.
    private static List<(TypeReference Type, string Via)> References(TypeDefinition type)
    {
        var found = new List<(TypeReference, string)>();
        void Add(IEnumerable<TypeReference> types, string via) => found.AddRange(types.Select(t => (t, via)));

        foreach (var nested in type.NestedTypes)
        {
            found.AddRange(References(nested));
        }

        Add(Expand(type.BaseType), "base type");
        Add(type.Interfaces.SelectMany(i => Expand(i.InterfaceType)), "interface");
        Add(Attributes(type), "attribute");
        foreach (var field in type.Fields)
        {
            Add(Expand(field.FieldType).Concat(Attributes(field)), "field " + field.Name);
        }

        foreach (var property in type.Properties)
        {
            Add(Expand(property.PropertyType).Concat(Attributes(property)), "property " + property.Name);
        }

        foreach (var method in type.Methods)
        {
            var via = "method " + method.Name;
            Add(Expand(method.ReturnType).Concat(method.Parameters.SelectMany(p => Expand(p.ParameterType))).Concat(Attributes(method)), via);
            if (method.HasBody)
            {
                Add(method.Body.Variables.SelectMany(v => Expand(v.VariableType)), via);
                Add(method.Body.Instructions.SelectMany(Operand), via);
            }
        }

        return found;
    }

    private static IEnumerable<TypeReference> Operand(Instruction instruction) => instruction.Operand switch
    {
        TypeReference t => Expand(t),
        MethodReference m => Expand(m.DeclaringType).Concat(Expand(m.ReturnType)).Concat(m.Parameters.SelectMany(p => Expand(p.ParameterType)))
            .Concat(m is GenericInstanceMethod g ? g.GenericArguments.SelectMany(Expand) : []),
        FieldReference f => Expand(f.DeclaringType).Concat(Expand(f.FieldType)),
        _ => [],
    };

    private static IEnumerable<TypeReference> Attributes(ICustomAttributeProvider provider) =>
        provider.HasCustomAttributes ? provider.CustomAttributes.SelectMany(a => Expand(a.AttributeType)) : [];

    // A type with the types inside it: generic arguments, array and pointer element types.
    private static IEnumerable<TypeReference> Expand(TypeReference? type) => type switch
    {
        null or GenericParameter => [],
        GenericInstanceType generic => Expand(generic.ElementType).Concat(generic.GenericArguments.SelectMany(Expand)),
        TypeSpecification specification => Expand(specification.ElementType),
        _ => [type],
    };
}
