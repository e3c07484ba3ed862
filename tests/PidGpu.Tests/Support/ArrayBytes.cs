using System.Buffers.Binary;
using System.Text;

namespace PidGpu.Tests;

/// <summary>Builds .npy and raw little-endian bytes by hand, following the NumPy format spec.</summary>
internal static class ArrayBytes
{
    /// <summary>Six floats with exact and inexact binary forms, a zero and a negative: the readers' common sample.</summary>
    public static readonly float[] Six = [1.5f, -2.25f, 0f, 3.125f, -1e-3f, 0.1f];

    /// <summary>A .npy file: magic, version, header length, the dict padded with spaces and '\n' to a multiple of 64.</summary>
    public static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, int major = 1)
        => NpyWithHeader($"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}", data, major);

    public static byte[] NpyWithHeader(string dict, byte[] data, int major = 1)
    {
        int prefix = major == 1 ? 10 : 12;
        int unpadded = prefix + Encoding.UTF8.GetByteCount(dict) + 1;
        int padded = (unpadded + 63) / 64 * 64;
        var header = Encoding.UTF8.GetBytes(dict + new string(' ', padded - unpadded) + "\n");
        var bytes = new byte[prefix + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = (byte)major;
        bytes[7] = 0;
        if (major == 1) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        header.CopyTo(bytes, prefix);
        data.CopyTo(bytes, prefix + header.Length);
        Assert.Equal(0, (prefix + header.Length) % 64);
        return bytes;
    }

    public static byte[] F32(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static byte[] F32BigEndian(params float[] v)
    {
        var b = new byte[v.Length * 4];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteSingleBigEndian(b.AsSpan(4 * i), v[i]);
        return b;
    }

    public static byte[] F64(params double[] v)
    {
        var b = new byte[v.Length * 8];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(b.AsSpan(8 * i), v[i]);
        return b;
    }

    public static byte[] F16(params float[] v)
    {
        var b = new byte[v.Length * 2];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2 * i), BitConverter.HalfToUInt16Bits((Half)v[i]));
        return b;
    }

    /// <summary>bfloat16 by truncation: the upper 16 bits of each float32.</summary>
    public static byte[] BF16(params float[] v)
    {
        var b = new byte[v.Length * 2];
        for (int i = 0; i < v.Length; i++) BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(2 * i), (ushort)(BitConverter.SingleToUInt32Bits(v[i]) >> 16));
        return b;
    }

    /// <summary>The float a truncated bfloat16 of <paramref name="v"/> stands for.</summary>
    public static float BF16Value(float v) => BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(v) & 0xFFFF0000u);

    /// <summary>A deterministic 100×3 matrix with distinct values.</summary>
    public static float[] Ramp(int count) => Enumerable.Range(0, count).Select(i => i * 0.25f - 17f).ToArray();
}
