using System.Reflection;
using System.Reflection.Emit;

namespace PidGpu.Tests.Support;

/// <summary>
/// Finds every kernel of an assembly the way the launchers load it: a static method whose address (<c>ldftn</c>)
/// becomes the delegate handed to an ILGPU <c>Load…Kernel</c> call. Reading the IL rather than a naming rule or an
/// attribute means a kernel added to any launcher is found without anyone remembering to register it.
/// </summary>
public static class KernelEntryPoints
{
    /// <summary>A kernel and whether ILGPU groups it itself (auto/implicitly grouped) or the launcher does.</summary>
    public sealed record Entry(MethodInfo Method, bool ImplicitlyGrouped)
    {
        public string Name => $"{Method.DeclaringType!.FullName}.{Method.Name}";
    }

    // How many instructions may lie between the ldftn and the Load…Kernel call: the compiler caches static
    // method-group delegates (ldsfld, dup, brtrue, pop, ldnull, ldftn, newobj, dup, stsfld, call).
    private const int CallWindow = 8;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    public static IReadOnlyList<Entry> Find(Assembly assembly)
    {
        var found = new Dictionary<MethodInfo, Entry>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static |
                                 BindingFlags.Instance | BindingFlags.DeclaredOnly;
        foreach (var type in assembly.GetTypes())
        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            foreach (var entry in InMethod(method, assembly))
                found.TryAdd(entry.Method, entry);
        return found.Values.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
    }

    private static IEnumerable<Entry> InMethod(MethodBase method, Assembly assembly)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null) yield break;
        var instructions = Decode(il).ToList();
        for (int i = 0; i < instructions.Count; i++)
        {
            if (instructions[i].Op != OpCodes.Ldftn) continue;
            if (Resolve(method, instructions[i].Token) is not MethodInfo target || !target.IsStatic ||
                target.Module.Assembly != assembly)
                continue;
            var load = instructions.Skip(i + 1).Take(CallWindow)
                .TakeWhile(x => x.Op != OpCodes.Ldftn)
                .Where(x => x.Op == OpCodes.Call || x.Op == OpCodes.Callvirt)
                .Select(x => Resolve(method, x.Token))
                .FirstOrDefault(m => m is not null && m.Name.StartsWith("Load", StringComparison.Ordinal) &&
                                     m.Name.Contains("Kernel", StringComparison.Ordinal));
            if (load is null) continue;
            bool implicitly = load.Name.Contains("AutoGrouped", StringComparison.Ordinal) ||
                              load.Name.Contains("ImplicitlyGrouped", StringComparison.Ordinal);
            yield return new Entry(target, implicitly);
        }
    }

    private static MethodBase? Resolve(MethodBase context, int token)
    {
        var typeArgs = context.DeclaringType?.IsGenericType == true ? context.DeclaringType.GetGenericArguments() : null;
        var methodArgs = context.IsGenericMethod ? context.GetGenericArguments() : null;
        try { return context.Module.ResolveMethod(token, typeArgs, methodArgs); }
        catch (ArgumentException) { return null; } // a token of another kind (field, type)
    }

    private readonly record struct Instruction(OpCode Op, int Token);

    private static IEnumerable<Instruction> Decode(byte[] il)
    {
        int at = 0;
        while (at < il.Length)
        {
            short value = il[at] == 0xFE ? (short)(0xFE00 | il[at + 1]) : il[at];
            at += il[at] == 0xFE ? 2 : 1;
            var op = OpCodesByValue[value];
            int token = op.OperandType is OperandType.InlineMethod or OperandType.InlineTok
                ? BitConverter.ToInt32(il, at) : 0;
            at += OperandSize(op.OperandType, il, at);
            yield return new Instruction(op, token);
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int at) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, at),
        _ => 4,
    };
}
